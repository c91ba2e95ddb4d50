using System.CommandLine;
using Cli.Cluster;
using Cli.Options;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als train</c>: ALS on a prepared dataset through the coordinator and worker actors: in this process on the
/// in-memory transport (default), or coordinating workers of other processes through RabbitMQ. A checkpoint after
/// every iteration; <c>--resume</c> continues a run from its newest sound checkpoint.
/// </summary>
internal static class TrainCommand
{
    /// <summary>In-process workers by default on the in-memory transport.</summary>
    internal const int DefaultInProcessWorkers = 2;

    public static Command Create(IAnsiConsole console)
    {
        var training = new TrainingOptionSet();
        var transport = new Option<string>("--transport") { Description = "inmemory (everything in this process) or rabbitmq (workers in other processes).", DefaultValueFactory = _ => "inmemory" };
        AlsOptionSet.AcceptChoices(transport, "inmemory", "rabbitmq");
        var workers = new Option<int?>("--workers") { Description = $"Workers in this process (default: {DefaultInProcessWorkers} with inmemory, 0 with rabbitmq)." };
        workers.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int value) && value is < 0 or > 256) result.AddError("--workers must be between 0 and 256.");
        });
        var command = new Command("train", "Train implicit ALS on a prepared dataset with the coordinator and worker actors.") { transport, workers };
        training.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool rabbit = parse.GetValue(transport) == "rabbitmq";
            BrokerAddress? broker = null;
            if (rabbit)
            {
                try
                {
                    broker = training.Cluster.ResolveBroker(parse);
                }
                catch (ArgumentException problem)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync("als train: " + problem.Message);
                    return ExitCodes.UsageError;
                }
            }
            TrainingRequest request = training.Read(parse, parse.GetValue(workers) ?? (rabbit ? 0 : DefaultInProcessWorkers), broker);
            return await DistributedTraining.RunAsync(console, parse.InvocationConfiguration.Error, request, startWorkers: null, cancellationToken);
        });
        return command;
    }
}
