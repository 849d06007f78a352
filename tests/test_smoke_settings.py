def test_settings_load_in_testing_mode(settings):
    assert settings.SECRET_KEY
