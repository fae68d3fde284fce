<?php

class Invoice
{
}

class InvoiceLine
{
}
