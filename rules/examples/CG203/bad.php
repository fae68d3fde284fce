<?php

class user_account
{
}
