<?php
/** The sanitizers: a bad value keeps the old one, with a notice. @license GPL-2.0-or-later */

use PHPUnit\Framework\TestCase;

final class SettingsTest extends TestCase {
	private function clean( array $input, array $old = array() ) {
		return Chat_For_Coze_Settings::clean( $input, array_merge( Chat_For_Coze_Settings::defaults(), $old ) );
	}

	public function test_good_values_are_kept() {
		list( $out, $errors ) = $this->clean( array( 'bot_id' => ' 7379462189365198898 ', 'mode' => 'inline', 'cloud_base' => 'https://api.coze.cn', 'title' => '<b>Help</b>' ) );
		$this->assertSame( array(), $errors );
		$this->assertSame( '7379462189365198898', $out['bot_id'] );
		$this->assertSame( 'inline', $out['mode'] );
		$this->assertSame( 'https://api.coze.cn', $out['cloud_base'] );
		$this->assertSame( 'Help', $out['title'] );
	}

	public function test_bad_values_keep_the_old_ones_with_a_notice() {
		list( $out, $errors ) = $this->clean(
			array( 'bot_id' => '12"><script>', 'mode' => 'popup', 'cloud_base' => 'https://evil.example', 'studio_url' => 'javascript:alert(1)', 'key_id' => 'a b' ),
			array( 'bot_id' => '111', 'studio_url' => 'http://localhost:8888', 'key_id' => 'kid' )
		);
		$this->assertCount( 5, $errors );
		$this->assertSame( '111', $out['bot_id'] );
		$this->assertSame( 'floating', $out['mode'] );
		$this->assertSame( 'https://api.coze.com', $out['cloud_base'] );
		$this->assertSame( 'http://localhost:8888', $out['studio_url'] );
		$this->assertSame( 'kid', $out['key_id'] );
	}

	public function test_a_blank_secret_keeps_the_secret_and_a_bad_key_is_refused() {
		list( $out ) = $this->clean( array( 'private_key' => '', 'studio_token' => '' ), array( 'private_key' => 'OLD', 'studio_token' => 'pat_old' ) );
		$this->assertSame( 'OLD', $out['private_key'] );
		$this->assertSame( 'pat_old', $out['studio_token'] );
		list( $out, $errors ) = $this->clean( array( 'private_key' => 'not a key' ), array( 'private_key' => 'OLD' ) );
		$this->assertSame( 'OLD', $out['private_key'] );
		$this->assertStringContainsString( 'old key is kept', $errors[0] );
	}

	public function test_page_ids_become_ints() {
		list( $out ) = $this->clean( array( 'exclude_pages' => '12, 7,x, 12, -3', 'include_pages' => array( '5' ) ) );
		$this->assertSame( array( 12, 7, 3 ), $out['exclude_pages'] );
		$this->assertSame( array( 5 ), $out['include_pages'] );
	}

	public function test_missing_names_what_the_widget_needs() {
		$missing = Chat_For_Coze_Settings::missing( Chat_For_Coze_Settings::defaults() );
		$this->assertSame( array( 'Bot ID', 'OAuth app ID', 'Public key ID', 'Private key' ), $missing );
		$studio = array_merge( Chat_For_Coze_Settings::defaults(), array( 'platform' => 'studio', 'bot_id' => '1' ) );
		$this->assertSame( array( 'Coze Studio URL', 'Personal access token' ), Chat_For_Coze_Settings::missing( $studio ) );
	}
}
