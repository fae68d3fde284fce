<?php

if ($a) {
    echo 'a';
} else if ($b) {
    echo 'b';
}
