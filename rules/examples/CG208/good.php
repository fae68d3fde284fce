<?php

if ($a) {
    echo 'a';
} elseif ($b) {
    echo 'b';
}
