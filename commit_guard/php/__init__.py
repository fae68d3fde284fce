"""PHP parsing: phply extended to the PHP of today."""
