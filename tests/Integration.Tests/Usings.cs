global using TestSupport;
