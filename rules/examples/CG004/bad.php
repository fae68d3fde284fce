<?php

// commit-guard: disable=CG209
$total = 1 + 2;
echo $total;
