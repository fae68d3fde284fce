<?php

$user = ['name' => 'Ann'];
var_dump($user);
