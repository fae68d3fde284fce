<?php

$message = 'This sentence is split over two lines '
    . 'so that a review tool can show two files side by side.';
