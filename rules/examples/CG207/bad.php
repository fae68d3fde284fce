<?php

function isReady($state)
{
    IF ($state === NULL) {
        return FALSE;
    }
    return true;
}
