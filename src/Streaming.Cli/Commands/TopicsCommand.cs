using System.CommandLine;
using Streaming.Cli.Internal;

namespace Streaming.Cli.Commands;

/// <summary>`streaming topics create|list|describe|alter|delete`, as kafka-topics does them.</summary>
internal static class TopicsCommand
{
    public static Command Create() => new("topics", "Create, list, describe, alter and delete topics")
    {
        CreateCommand(), ListCommand(), DescribeCommand(), AlterCommand(), DeleteCommand(),
    };

    private static Option<string> TopicOption(string description) => new("--topic") { Description = description, Required = true };

    private static Option<string[]> ConfigOption() => new("--config") { Description = "A topic config KEY=VALUE (repeatable), e.g. retention.ms=60000" };

    private static Command CreateCommand()
    {
        var connection = new ConnectionOptions();
        var topic = TopicOption("The topic to create");
        var partitions = new Option<int>("--partitions") { Description = "Number of partitions", DefaultValueFactory = _ => 1 };
        var replication = new Option<short>("--replication-factor") { Description = "Replicas per partition (1 on the single-node embedded broker)", DefaultValueFactory = _ => 1 };
        var configs = ConfigOption();
        var ifNotExists = new Option<bool>("--if-not-exists") { Description = "Succeed when the topic exists already" };
        partitions.Check(v => v < 1 ? $"--partitions must be at least 1, got {v}" : null);
        replication.Check(v => v < 1 ? $"--replication-factor must be at least 1, got {v}" : null);
        var command = new Command("create", "Creates a topic") { topic, partitions, replication, configs, ifNotExists };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(topic)!;
            var topicConfigs = KeyValueArgument.Parse(parse.GetValue(configs), "--config").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            try
            {
                await session.RunAsync((admin, c) => admin.CreateTopicsAsync([new TopicSpecification
                {
                    Name = name,
                    NumPartitions = parse.GetValue(partitions),
                    ReplicationFactor = parse.GetValue(replication),
                    Configs = topicConfigs.Count == 0 ? null : topicConfigs,
                }], c), ct).ConfigureAwait(false);
            }
            catch (TopicAlreadyExistsException) when (parse.GetValue(ifNotExists))
            {
                Console.WriteLine($"Topic {name} exists already.");
                return ExitCodes.Success;
            }
            catch (TopicAlreadyExistsException ex)
            {
                throw CliException.Broker($"topic '{name}' already exists", ex);
            }
            Console.WriteLine($"Created topic {name}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var connection = new ConnectionOptions();
        var includeInternal = new Option<bool>("--include-internal") { Description = "Also list internal topics (__consumer_offsets, …)" };
        var command = new Command("list", "Lists the topics, one per line") { includeInternal };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            var topics = await session.RunAsync((admin, c) => admin.ListTopicsAsync(parse.GetValue(includeInternal), c), ct).ConfigureAwait(false);
            foreach (string name in topics) Console.WriteLine(name);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DescribeCommand()
    {
        var connection = new ConnectionOptions();
        var topic = new Option<string?>("--topic") { Description = "The topic to describe (default: every topic)" };
        var allConfigs = new Option<bool>("--all-configs") { Description = "List every config, defaults included, not only those set on the topic" };
        var command = new Command("describe", "Shows a topic's partitions with their start and end offsets, and its configs") { topic, allConfigs };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            IReadOnlyList<string> names;
            if (parse.GetValue(topic) is { } one)
            {
                await session.RequireTopicAsync(one, ct).ConfigureAwait(false);
                names = [one];
            }
            else
            {
                names = await session.RunAsync((admin, c) => admin.ListTopicsAsync(false, c), ct).ConfigureAwait(false);
            }
            if (names.Count == 0) return ExitCodes.Success;
            var descriptions = await session.RunAsync((admin, c) => admin.DescribeTopicsAsync(names, c), ct).ConfigureAwait(false);
            foreach (var description in descriptions.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var configs = await session.RunAsync((admin, c) => admin.DescribeTopicConfigsAsync(description.Name, c), ct).ConfigureAwait(false);
                TopicDescriptionWriter.Write(Console.Out, description, configs, parse.GetValue(allConfigs));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AlterCommand()
    {
        var connection = new ConnectionOptions();
        var topic = TopicOption("The topic to change");
        var partitions = new Option<int?>("--partitions") { Description = "Raise the partition count to this (partitions are never removed)" };
        var configs = ConfigOption();
        var deleteConfigs = new Option<string[]>("--delete-config") { Description = "A topic config to reset to its default (repeatable)" };
        partitions.Check(v => v is < 1 ? $"--partitions must be at least 1, got {v}" : null);
        var command = new Command("alter", "Raises a topic's partition count and changes its configs") { topic, partitions, configs, deleteConfigs };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(topic)!;
            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in KeyValueArgument.Parse(parse.GetValue(configs), "--config")) changes[key] = value;
            foreach (string key in parse.GetValue(deleteConfigs) ?? []) changes[key] = null;
            int? newCount = parse.GetValue(partitions);
            if (newCount is null && changes.Count == 0) throw CliException.Usage("topics alter needs --partitions, --config or --delete-config");
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireTopicAsync(name, ct).ConfigureAwait(false);
            if (newCount is { } count)
            {
                var current = (await session.RunAsync((admin, c) => admin.DescribeTopicsAsync([name], c), ct).ConfigureAwait(false))[0].Partitions.Count;
                if (count <= current)
                    throw CliException.Broker($"topic '{name}' has {current} partitions: --partitions {count} must be more (partitions are never removed)");
                await session.RunAsync((admin, c) => admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = name, IncreaseTo = count }], c), ct).ConfigureAwait(false);
                Console.WriteLine($"Topic {name}: partitions raised from {current} to {count}.");
            }
            if (changes.Count > 0)
            {
                await session.RunAsync((admin, c) => admin.IncrementalAlterTopicConfigsAsync(name, changes, c), ct).ConfigureAwait(false);
                Console.WriteLine($"Topic {name}: configs updated ({string.Join(", ", changes.Select(kv => kv.Value is null ? $"{kv.Key} reset" : $"{kv.Key}={kv.Value}"))}).");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var connection = new ConnectionOptions();
        var topic = TopicOption("The topic to delete, with its data");
        var command = new Command("delete", "Deletes a topic and its data") { topic };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string name = parse.GetValue(topic)!;
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireTopicAsync(name, ct).ConfigureAwait(false);
            await session.RunAsync((admin, c) => admin.DeleteTopicsAsync([name], c), ct).ConfigureAwait(false);
            Console.WriteLine($"Deleted topic {name}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
