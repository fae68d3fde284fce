<?php

class Report
{
    public function __construct()
    {
    }

    public function getTotal()
    {
        return 0;
    }
}
