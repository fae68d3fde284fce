<?php

$x = 1;
