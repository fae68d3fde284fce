<?php

$link = mysql_connect('localhost', 'user', 'secret');
