{
  services.microcosm-ufos = {
    enable = true;
    metrics.enable = true;
    openFirewall = true;
  };
}
