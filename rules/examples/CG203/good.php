<?php

class UserAccount
{
}
