<?php
/**
 * The plugin's pure parts, loaded without WordPress: the few WordPress functions they call, as
 * WordPress defines them. @license GPL-2.0-or-later
 */

define( 'ABSPATH', __DIR__ . '/' );
function __( $text ) { return $text; }
function wp_json_encode( $value ) { return json_encode( $value ); }
function wp_parse_url( $url ) { return parse_url( $url ); }
function absint( $value ) { return abs( (int) $value ); }
function sanitize_key( $key ) { return preg_replace( '/[^a-z0-9_\-]/', '', strtolower( (string) $key ) ); }
function sanitize_text_field( $text ) { return trim( preg_replace( '/[\r\n\t ]+/', ' ', strip_tags( (string) $text ) ) ); }
function sanitize_textarea_field( $text ) { return trim( strip_tags( (string) $text ) ); }

$plugin = dirname( __DIR__, 3 ) . '/wordpress/chat-for-coze/includes/';
require $plugin . 'class-settings.php';
require $plugin . 'class-jwt.php';
require $plugin . 'class-visitor.php';
require $plugin . 'class-guard.php';
require $plugin . 'class-visibility.php';
