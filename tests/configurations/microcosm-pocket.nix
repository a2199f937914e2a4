{
  services.microcosm-pocket = {
    enable = true;
    domain = "prefs.example.test";
  };
}
