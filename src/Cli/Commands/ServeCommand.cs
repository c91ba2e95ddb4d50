using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cli.Models;
using Cli.Serving;
using Data.Models;

namespace Cli.Commands;

/// <summary>
/// <c>als serve</c>: loads a model once and answers HTTP requests (recommend, batch, similar, explain, fold-in, search,
/// health, metrics, and a page at <c>/</c>) until Ctrl-C or SIGTERM, then stops cleanly with exit code 0
/// (<see cref="ModelServer"/>).
/// </summary>
internal static class ServeCommand
{
    /// <summary>Port by default: the usual one for a local HTTP service.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Address by default: this machine only; a wider one (0.0.0.0) must be asked for.</summary>
    public const string DefaultHost = "127.0.0.1";

    public static Command Create()
    {
        var model = ModelOptions.Model();
        var data = ModelOptions.Data();
        var port = new Option<int>("--port") { Description = "TCP port to listen on (0: a free one, printed at start).", DefaultValueFactory = _ => DefaultPort };
        Options.AlsOptionSet.AddRange(port, 0, IPEndPoint.MaxPort);
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on: an IP address (0.0.0.0 for every interface) or localhost.",
            DefaultValueFactory = _ => DefaultHost,
        };
        host.Validators.Add(result =>
        {
            if (ParseHost(result.GetValueOrDefault<string>()) is null)
                result.AddError($"--host must be an IP address or localhost; got '{result.GetValueOrDefault<string>()}'.");
        });
        var command = new Command("serve", "Serve a model over HTTP: recommendations, similar artists, explanations, fold-in, and a page at /.")
        {
            model, port, host, data,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            var watch = Stopwatch.StartNew();
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model), parse.GetValue(data));
            ModelCommand.CheckDataset(trained, parse.InvocationConfiguration.Error, "serve");
            trained.Preload();                                   // no request pays for the training rows, scorer or YᵀY
            IPAddress address = ParseHost(parse.GetRequiredValue(host))!;
            ModelServer server;
            try
            {
                server = await ModelServer.StartAsync(trained, address, parse.GetValue(port), cancellationToken);
            }
            catch (IOException bind)
            {
                throw new CommandProblem($"cannot listen on {parse.GetRequiredValue(host)}:{parse.GetValue(port)}: {bind.Message}");
            }
            await using (server)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Model {parse.GetRequiredValue(model).FullName}: {trained.Users:N0} users, {trained.Artists:N0} artists, k = {trained.Saved.Model.ItemFactors.Factors}; loaded in {watch.Elapsed.TotalSeconds:F1} s."));
                output.WriteLine($"Serving at {server.Address} (Ctrl-C stops).");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: the way a service is meant to stop.
                }
                await server.StopAsync();
            }
            output.WriteLine("Stopped.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The address <paramref name="text"/> names (localhost: the IPv4 loopback), or null.</summary>
    private static IPAddress? ParseHost(string? text) =>
        string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out IPAddress? address) ? address : null;
}
