<?php

eval('$x = 1;');
