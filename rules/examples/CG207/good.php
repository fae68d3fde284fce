<?php

function isReady($state)
{
    if ($state === null) {
        return false;
    }
    return true;
}
