using System.CommandLine;
using Streaming.Cli.Internal;

namespace Streaming.Cli.Commands;

/// <summary>`streaming consume`: the console consumer, one line per record on stdout.</summary>
internal static class ConsumeCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var topic = new Option<string>("--topic") { Description = "The topic to read", Required = true };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the earliest record when there is no committed offset (default: only new records)" };
        var group = new Option<string?>("--group") { Description = "Join this consumer group: share the partitions with its other members and commit offsets" };
        var partition = new Option<int?>("--partition") { Description = "Read only this partition (no group)" };
        var offset = new Option<string?>("--offset") { Description = "With --partition: start at this offset, 'earliest' or 'latest'" };
        var maxMessages = new Option<long?>("--max-messages") { Description = "Exit after this many records" };
        var timeoutMs = new Option<int?>("--idle-timeout-ms") { Description = "Exit when no record arrived for this many ms (default: wait until Ctrl+C)" };
        var isolation = new Option<string>("--isolation-level") { Description = "read_uncommitted or read_committed (skip aborted and open transactions)", DefaultValueFactory = _ => "read_uncommitted" };
        var printKey = new Option<bool>("--print-key") { Description = "Print the key before the value" };
        var printOffset = new Option<bool>("--print-offset") { Description = "Print the partition and offset before the value" };
        var printHeaders = new Option<bool>("--print-headers") { Description = "Print the headers before the value" };
        var format = new Option<string?>("--format") { Description = "A line template with {topic} {partition} {offset} {timestamp} {key} {value} {headers} (replaces --print-*)" };
        var configs = new Option<string[]>("--consumer-property") { Description = "A consumer config KEY=VALUE (repeatable)" };
        isolation.AcceptOnlyFromAmong("read_uncommitted", "read_committed");
        partition.Check(v => v is < 0 ? $"--partition must not be negative, got {v}" : null);
        maxMessages.Check(v => v is < 1 ? $"--max-messages must be at least 1, got {v}" : null);
        timeoutMs.Check(v => v is < 1 ? $"--idle-timeout-ms must be at least 1, got {v}" : null);
        offset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } o && ParseOffset(o) is null) r.AddError($"--offset must be a non-negative number, 'earliest' or 'latest', got '{o}'");
        });
        var command = new Command("consume", "Reads records and prints one line each; Ctrl+C stops it (and commits, with --group)")
        {
            topic, fromBeginning, group, partition, offset, maxMessages, timeoutMs, isolation, printKey, printOffset, printHeaders, format, configs,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(topic)!;
            string? groupId = parse.GetValue(group);
            int? onePartition = parse.GetValue(partition);
            Offset? start = parse.GetValue(offset) is { } o ? ParseOffset(o) : null;
            if (start is not null && onePartition is null) throw CliException.Usage("--offset needs --partition");
            if (onePartition is not null && groupId is not null) throw CliException.Usage("--partition cannot be used with --group (the group assigns partitions)");
            var formatter = parse.GetValue(format) is { } template
                ? RecordFormatter.FromTemplate(template)
                : RecordFormatter.FromFlags(parse.GetValue(printKey), parse.GetValue(printOffset), parse.GetValue(printHeaders));
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireTopicAsync(name, ct).ConfigureAwait(false);
            var config = new ConsumerConfig(KeyValueArgument.Parse(parse.GetValue(configs), "--consumer-property"))
            {
                ClientId = "streaming-console-consumer",
                GroupId = groupId,
                AutoOffsetReset = parse.GetValue(fromBeginning) ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
                EnableAutoCommit = groupId is not null,
            };
            config.Set("isolation.level", parse.GetValue(isolation));
            using var reader = new ConsoleRecordReader(session, name, config, formatter, Console.Out);
            if (groupId is not null) reader.Subscribe();
            else if (onePartition is { } p) await reader.AssignAsync(p, start ?? (parse.GetValue(fromBeginning) ? Offset.Beginning : Offset.End), ct).ConfigureAwait(false);
            else await reader.AssignAllAsync(parse.GetValue(fromBeginning) ? Offset.Beginning : Offset.End, ct).ConfigureAwait(false);
            long count = reader.Run(parse.GetValue(maxMessages), parse.GetValue(timeoutMs) is { } idle ? TimeSpan.FromMilliseconds(idle) : null, ct);
            Console.Error.WriteLine($"Processed a total of {count} messages");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Offset? ParseOffset(string text) => text switch
    {
        "earliest" or "beginning" => Offset.Beginning,
        "latest" or "end" => Offset.End,
        _ when long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value) => new Offset(value),
        _ => null,
    };
}
