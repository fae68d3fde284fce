<?

echo 'hello';
