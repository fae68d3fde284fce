<?php

echo 'hello';
