<?php
/** The JWT signer, checked against the public key with openssl_verify. @license GPL-2.0-or-later */

use PHPUnit\Framework\TestCase;

final class JwtTest extends TestCase {
	private static function pair( $bits = 2048 ) {
		$key = openssl_pkey_new( array( 'private_key_bits' => $bits, 'private_key_type' => OPENSSL_KEYTYPE_RSA ) );
		openssl_pkey_export( $key, $pem );
		return array( $pem, openssl_pkey_get_details( $key )['key'] );
	}

	private static function decode( $part ) {
		return base64_decode( strtr( $part, '-_', '+/' ) );
	}

	public function test_signs_rs256_that_the_public_key_verifies() {
		list( $private, $public ) = self::pair();
		$claims = Chat_For_Coze_Jwt::claims( '1234', 'api.coze.com', 'v_abc', 1700000000 );
		$jwt    = Chat_For_Coze_Jwt::sign( $claims, 'kid-1', $private );
		list( $head, $body, $signature ) = explode( '.', $jwt );
		$this->assertSame( 1, openssl_verify( "$head.$body", self::decode( $signature ), $public, OPENSSL_ALGO_SHA256 ) );
		$this->assertSame( array( 'alg' => 'RS256', 'typ' => 'JWT', 'kid' => 'kid-1' ), json_decode( self::decode( $head ), true ) );
		$read = json_decode( self::decode( $body ), true );
		$this->assertSame( '1234', $read['iss'] );
		$this->assertSame( 'api.coze.com', $read['aud'] );
		$this->assertSame( 'v_abc', $read['session_name'] );
		$this->assertSame( 1700000000 - 30, $read['iat'] );
		$this->assertSame( 300, $read['exp'] - $read['iat'] );
		$this->assertDoesNotMatchRegularExpression( '/[+\/=]/', $jwt );
	}

	public function test_a_changed_claim_no_longer_verifies() {
		list( $private, $public ) = self::pair();
		list( $head, , $signature ) = explode( '.', Chat_For_Coze_Jwt::sign( Chat_For_Coze_Jwt::claims( '1', 'a', 'v_me' ), 'k', $private ) );
		$forged = Chat_For_Coze_Jwt::base64url( json_encode( Chat_For_Coze_Jwt::claims( '1', 'a', 'v_someone_else' ) ) );
		$this->assertSame( 0, openssl_verify( "$head.$forged", self::decode( $signature ), $public, OPENSSL_ALGO_SHA256 ) );
	}

	public function test_each_jwt_has_a_fresh_jti() {
		$this->assertNotSame( Chat_For_Coze_Jwt::claims( '1', 'a', 'v' )['jti'], Chat_For_Coze_Jwt::claims( '1', 'a', 'v' )['jti'] );
	}

	public function test_key_problems_are_named_without_quoting_the_key() {
		list( $private ) = self::pair();
		$this->assertNull( Chat_For_Coze_Jwt::key_problem( $private ) );
		$this->assertStringContainsString( 'cannot be read', Chat_For_Coze_Jwt::key_problem( "-----BEGIN PRIVATE KEY-----\nsecretstuff\n-----END PRIVATE KEY-----" ) );
		$this->assertStringNotContainsString( 'secretstuff', Chat_For_Coze_Jwt::key_problem( "-----BEGIN PRIVATE KEY-----\nsecretstuff\n-----END PRIVATE KEY-----" ) );
		$this->assertStringContainsString( 'PKCS #1', Chat_For_Coze_Jwt::key_problem( "-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----" ) );
		list( $short ) = self::pair( 1024 );
		$this->assertStringContainsString( '2048', Chat_For_Coze_Jwt::key_problem( $short ) );
	}
}
