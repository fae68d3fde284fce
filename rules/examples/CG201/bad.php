<?php

echo 'hello';
?>
