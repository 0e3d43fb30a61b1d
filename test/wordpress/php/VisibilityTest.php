<?php
/** The visibility rules, and the visitor cookie's signature. @license GPL-2.0-or-later */

use PHPUnit\Framework\TestCase;

final class VisibilityTest extends TestCase {
	private function shows( array $settings, array $page ) {
		return Chat_For_Coze_Visibility::site_wide( array_merge( Chat_For_Coze_Settings::defaults(), $settings ), array_merge( array( 'post_id' => 0, 'post_type' => '', 'signed_in' => false ), $page ) );
	}

	public function test_an_excluded_page_is_hidden_whether_the_ids_are_ints_or_strings() {
		$this->assertFalse( $this->shows( array( 'placement' => 'everywhere', 'exclude_pages' => array( 12 ) ), array( 'post_id' => 12 ) ) );
		$this->assertFalse( $this->shows( array( 'placement' => 'everywhere', 'exclude_pages' => array( '12' ) ), array( 'post_id' => '12' ) ) );
		$this->assertTrue( $this->shows( array( 'placement' => 'everywhere', 'exclude_pages' => array( 12 ) ), array( 'post_id' => 13 ) ) );
	}

	public function test_chosen_pages_and_post_types() {
		$chosen = array( 'placement' => 'chosen', 'include_pages' => array( 5 ), 'post_types' => array( 'post' ) );
		$this->assertTrue( $this->shows( $chosen, array( 'post_id' => 5, 'post_type' => 'page' ) ) );
		$this->assertTrue( $this->shows( $chosen, array( 'post_id' => 9, 'post_type' => 'post' ) ) );
		$this->assertFalse( $this->shows( $chosen, array( 'post_id' => 9, 'post_type' => 'page' ) ) );
		$this->assertFalse( $this->shows( $chosen, array() ), 'an archive is not a chosen page' );
	}

	public function test_placed_only_never_shows_site_wide() {
		$this->assertFalse( $this->shows( array( 'placement' => 'placed' ), array( 'post_id' => 5 ) ) );
	}

	public function test_signed_in_only() {
		$this->assertFalse( $this->shows( array( 'placement' => 'everywhere', 'audience' => 'signed-in' ), array() ) );
		$this->assertTrue( $this->shows( array( 'placement' => 'everywhere', 'audience' => 'signed-in' ), array( 'signed_in' => true ) ) );
	}

	public function test_a_visitor_cookie_verifies_only_with_our_signature() {
		$id = 'v_' . str_repeat( 'a', 24 );
		$this->assertSame( $id, Chat_For_Coze_Visitor::verified( Chat_For_Coze_Visitor::cookie_value( $id, 'secret-1' ), 'secret-1' ) );
		$this->assertNull( Chat_For_Coze_Visitor::verified( Chat_For_Coze_Visitor::cookie_value( $id, 'secret-2' ), 'secret-1' ) );
		$this->assertNull( Chat_For_Coze_Visitor::verified( $id . '.' . str_repeat( '0', 64 ), 'secret-1' ) );
		$this->assertNotSame( Chat_For_Coze_Visitor::for_user( 1, 's' ), Chat_For_Coze_Visitor::for_user( 2, 's' ) );
	}

	public function test_origins() {
		$own = array( 'http://127.0.0.1:8080' );
		$this->assertTrue( Chat_For_Coze_Guard::origin_allowed( 'http://127.0.0.1:8080', null, $own ) );
		$this->assertFalse( Chat_For_Coze_Guard::origin_allowed( 'http://127.0.0.1:8081', null, $own ) );
		$this->assertFalse( Chat_For_Coze_Guard::origin_allowed( 'https://evil.example', null, $own ) );
		$this->assertFalse( Chat_For_Coze_Guard::origin_allowed( 'null', null, $own ) );
		$this->assertFalse( Chat_For_Coze_Guard::origin_allowed( null, 'cross-site', $own ) );
		$this->assertTrue( Chat_For_Coze_Guard::origin_allowed( null, null, $own ) );
	}
}
