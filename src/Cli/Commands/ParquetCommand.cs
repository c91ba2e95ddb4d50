using System.CommandLine;
using Cli.Options;
using Data.Files;

namespace Cli.Commands;

/// <summary><c>als parquet schema FILE</c> and <c>als parquet cat FILE</c>: look inside a Parquet file.</summary>
internal static class ParquetCommand
{
    public static Command Create()
    {
        var schemaFile = new Argument<FileInfo>("file") { Description = "The Parquet file." };
        var schema = new Command("schema", "Print the columns with their types, the row groups, codecs, encodings and statistics.") { schemaFile };
        schema.SetAction(parse => Run(parse, parse.GetRequiredValue(schemaFile), reader => ParquetText.WriteSchema(reader, parse.InvocationConfiguration.Output)));

        var catFile = new Argument<FileInfo>("file") { Description = "The Parquet file." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to print, in that order (default: all)." };
        var limit = new Option<long?>("--limit") { Description = "Print at most this many rows (default: all)." };
        var format = new Option<string>("--format") { Description = "csv (header row, RFC 4180 quoting, nulls empty) or jsonl (one object per line; floats stay JSON floats, NaN and infinities are strings).", DefaultValueFactory = _ => "csv" };
        AlsOptionSet.AcceptChoices(format, "csv", "jsonl");
        limit.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && long.TryParse(result.Tokens[^1].Value, out long value) && value < 0) result.AddError("--limit must be 0 or more.");
        });
        var cat = new Command("cat", "Print rows as CSV or JSON Lines.") { catFile, columns, limit, format };
        cat.SetAction(parse => Run(parse, parse.GetRequiredValue(catFile), reader => ParquetText.WriteRows(reader, parse.InvocationConfiguration.Output,
            parse.GetValue(format) == "jsonl" ? ParquetRowFormat.JsonLines : ParquetRowFormat.Csv,
            parse.GetValue(columns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), parse.GetValue(limit))));

        return new Command("parquet", "Inspect Parquet files.") { schema, cat };
    }

    private static int Run(ParseResult parse, FileInfo file, Action<ParquetTable> action)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        if (Directory.Exists(file.FullName)) throw new Models.CommandProblem($"{file.FullName} is a folder; name a Parquet file.");
        if (!file.Exists)
        {
            error.WriteLine($"als parquet: {file.FullName} does not exist.");
            return ExitCodes.UsageError;
        }
        using ParquetTable reader = ParquetTable.Open(file.FullName);
        action(reader);
        parse.InvocationConfiguration.Output.Flush();
        return ExitCodes.Success;
    }
}
