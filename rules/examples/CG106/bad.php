<?php

$message = 'This sentence is far too long to read comfortably in a review tool that shows the old and the new file side by side.';
