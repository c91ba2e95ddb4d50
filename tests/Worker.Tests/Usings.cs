global using ActorTestSupport;
global using TestSupport;
