<?php

class Limits
{
    const MAX_ITEMS = 10;
}
