using System.CommandLine;
using Streaming.Cli.Internal;

namespace Streaming.Cli.Commands;

/// <summary>`streaming produce`: the console producer, one record per line of stdin.</summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        // The seed's console producer spells it --broker-list.
        var connection = new ConnectionOptions("--broker-list");
        var topic = new Option<string>("--topic") { Description = "The topic to write to", Required = true };
        var keySeparator = new Option<string?>("--key-separator") { Description = "Each line is KEY<separator>VALUE (lines without it have no key)" };
        var headers = new Option<string[]>("--header") { Description = "A header KEY=VALUE added to every record (repeatable)" };
        var acks = new Option<string>("--acks") { Description = "acks: 0, 1 or all", DefaultValueFactory = _ => "all" };
        var transactionalId = new Option<string?>("--transactional-id") { Description = "Send in transactions with this transactional.id (needs --acks all)" };
        var transactionLines = new Option<int>("--transaction-lines") { Description = "With --transactional-id: commit after this many lines", DefaultValueFactory = _ => 100 };
        var transactionMs = new Option<int>("--transaction-ms") { Description = "With --transactional-id: commit an open transaction after this many ms, even while waiting for input", DefaultValueFactory = _ => 1000 };
        var configs = new Option<string[]>("--producer-property") { Description = "A producer config KEY=VALUE (repeatable), e.g. linger.ms=0" };
        acks.AcceptOnlyFromAmong("0", "1", "all", "-1");
        keySeparator.Check(v => v is "" ? "--key-separator must not be empty" : null);
        transactionLines.Check(v => v < 1 ? $"--transaction-lines must be at least 1, got {v}" : null);
        transactionMs.Check(v => v is < 1 or > 900_000 ? $"--transaction-ms must be between 1 and 900000, got {v}" : null);
        var command = new Command("produce", "Reads lines from stdin and sends each as a record") { topic, keySeparator, headers, acks, transactionalId, transactionLines, transactionMs, configs };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(topic)!;
            var staticHeaders = KeyValueArgument.Parse(parse.GetValue(headers), "--header");
            var config = new ProducerConfig(KeyValueArgument.Parse(parse.GetValue(configs), "--producer-property")) { ClientId = "streaming-console-producer" };
            config.Set("acks", parse.GetValue(acks) == "-1" ? "all" : parse.GetValue(acks));
            string? txId = parse.GetValue(transactionalId);
            if (txId is not null)
            {
                if (config.Acks != Acks.All) throw CliException.Usage($"--transactional-id needs --acks all, got --acks {parse.GetValue(acks)}");
                config.Set("transactional.id", txId);
            }
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireTopicAsync(name, ct).ConfigureAwait(false);
            using var producer = session.Transport.CreateProducer(config, Serializers.Utf8, Serializers.Utf8);
            var writer = new ConsoleRecordWriter(producer, name, parse.GetValue(keySeparator), staticHeaders);
            var lines = new LineSource(Console.In);
            if (txId is null) await writer.SendAllAsync(lines, ct).ConfigureAwait(false);
            else await writer.SendInTransactionsAsync(lines, parse.GetValue(transactionLines), TimeSpan.FromMilliseconds(parse.GetValue(transactionMs)), session.Timeout, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
