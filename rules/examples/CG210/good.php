<?php

$db = new PDO('mysql:host=localhost', 'user', 'secret');
