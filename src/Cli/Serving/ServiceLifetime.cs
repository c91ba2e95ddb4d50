using Microsoft.Extensions.Hosting;

namespace Cli.Serving;

/// <summary>
/// The web host's lifetime without signal handling: Ctrl-C and SIGTERM reach the service once, through the command's
/// cancellation token (<see cref="CliApplication.RunAsync"/>), not a second time through ASP.NET's console lifetime.
/// </summary>
internal sealed class ServiceLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
