<?php

class Invoice
{
    public function lines()
    {
        return new class {
        };
    }
}
