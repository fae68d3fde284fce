<?php

class Limits
{
    const maxItems = 10;
}
