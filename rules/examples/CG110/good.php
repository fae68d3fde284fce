<?php

$user = ['name' => 'Ann'];
error_log(json_encode($user));
