<?php
/**
 * PHP's built-in server in front of WordPress: files as they are, everything else to index.php
 * (what Apache's rewrite rules do). @license GPL-2.0-or-later
 */
$path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
if ( '/' !== $path && is_file( __DIR__ . '/wp' . $path ) && ! preg_match( '/\.php$/', $path ) ) {
	return false;
}
if ( preg_match( '#^/(wp-admin|wp-login\.php|wp-cron\.php|index\.php)#', $path ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/wp/index.php';
chdir( __DIR__ . '/wp' );
require __DIR__ . '/wp/index.php';
