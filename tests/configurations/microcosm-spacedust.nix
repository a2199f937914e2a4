{
  services.microcosm-spacedust = {
    enable = true;
    port = 8090;
  };
}
