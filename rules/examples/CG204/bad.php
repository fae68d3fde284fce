<?php

class Report
{
    public function get_total()
    {
        return 0;
    }
}
