using System.CommandLine;
using System.Globalization;
using Streaming.Cli.Internal;

namespace Streaming.Cli.Commands;

/// <summary>`streaming groups list|describe|reset-offsets|delete`, as kafka-consumer-groups does them.</summary>
internal static class GroupsCommand
{
    public static Command Create() => new("groups", "List, describe (members, offsets, lag), reset the offsets of and delete consumer groups")
    {
        ListCommand(), DescribeCommand(), ResetCommand(), DeleteCommand(),
    };

    private static Option<string> GroupOption() => new("--group") { Description = "The consumer group", Required = true };

    private static Command ListCommand()
    {
        var connection = new ConnectionOptions();
        var command = new Command("list", "Lists the consumer groups with their state");
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            var groups = await session.RunAsync((admin, c) => admin.ListConsumerGroupsAsync(c), ct).ConfigureAwait(false);
            var table = new TableWriter("GROUP", "STATE");
            foreach (var g in groups.OrderBy(g => g.GroupId, StringComparer.Ordinal)) table.Add(g.GroupId, g.State);
            table.WriteTo(Console.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DescribeCommand()
    {
        var connection = new ConnectionOptions();
        var group = GroupOption();
        var command = new Command("describe", "Shows a group's state, members and assignment, and per partition the committed offset, end offset and lag") { group };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string id = parse.GetValue(group)!;
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireGroupAsync(id, ct).ConfigureAwait(false);
            var description = await session.RunAsync((admin, c) => admin.DescribeConsumerGroupAsync(id, c), ct).ConfigureAwait(false);
            var offsets = await session.RunAsync((admin, c) => admin.ListConsumerGroupOffsetsAsync(id, c), ct).ConfigureAwait(false);
            GroupDescriptionWriter.Write(Console.Out, description, offsets);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ResetCommand()
    {
        var connection = new ConnectionOptions();
        var group = GroupOption();
        var topic = new Option<string?>("--topic") { Description = "Reset only this topic's partitions (default: every partition the group has offsets for)" };
        var toEarliest = new Option<bool>("--to-earliest") { Description = "To each partition's first offset" };
        var toLatest = new Option<bool>("--to-latest") { Description = "To each partition's end offset" };
        var toDatetime = new Option<DateTimeOffset?>("--to-datetime") { Description = "To the first record at or after this time (ISO 8601, e.g. 2025-01-31T12:00:00Z)" };
        var toOffset = new Option<long?>("--to-offset") { Description = "To this offset in every partition" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the new offsets without committing them" };
        toOffset.Check(v => v is < 0 ? $"--to-offset must not be negative, got {v}" : null);
        var command = new Command("reset-offsets", "Moves a group's committed offsets (the group must have no active members)")
        {
            group, topic, toEarliest, toLatest, toDatetime, toOffset, dryRun,
        };
        command.Validators.Add(r =>
        {
            int chosen = (r.GetValue(toEarliest) ? 1 : 0) + (r.GetValue(toLatest) ? 1 : 0) + (r.GetValue(toDatetime) is null ? 0 : 1) + (r.GetValue(toOffset) is null ? 0 : 1);
            if (chosen != 1) r.AddError($"reset-offsets needs exactly one of --to-earliest, --to-latest, --to-datetime, --to-offset, got {chosen}");
        });
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string id = parse.GetValue(group)!;
            OffsetResetSpec spec = parse.GetValue(toEarliest) ? OffsetResetSpec.Earliest
                : parse.GetValue(toLatest) ? OffsetResetSpec.Latest
                : parse.GetValue(toDatetime) is { } time ? OffsetResetSpec.ToTimestamp(time)
                : OffsetResetSpec.ToOffset(parse.GetValue(toOffset)!.Value);
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireGroupAsync(id, ct).ConfigureAwait(false);
            List<TopicPartition>? partitions = null;
            if (parse.GetValue(topic) is { } t)
            {
                await session.RequireTopicAsync(t, ct).ConfigureAwait(false);
                var described = await session.RunAsync((admin, c) => admin.DescribeTopicsAsync([t], c), ct).ConfigureAwait(false);
                partitions = described[0].Partitions.Select(p => new TopicPartition(t, p.Partition)).ToList();
            }
            bool dry = parse.GetValue(dryRun);
            var moved = await session.RunAsync((admin, c) => admin.ResetConsumerGroupOffsetsAsync(id, partitions, spec, dry, c), ct).ConfigureAwait(false);
            var table = new TableWriter("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
            foreach (var o in moved.OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition))
                table.Add(id, o.Topic, o.Partition, o.Offset.Value.ToString(CultureInfo.InvariantCulture));
            table.WriteTo(Console.Out);
            Console.WriteLine(dry ? "Dry run: nothing was committed." : $"Committed the new offsets of group {id}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var connection = new ConnectionOptions();
        var group = GroupOption();
        var command = new Command("delete", "Deletes a group without active members, and its committed offsets") { group };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string id = parse.GetValue(group)!;
            using var session = await connection.ConnectAsync(parse, ct).ConfigureAwait(false);
            await session.RequireGroupAsync(id, ct).ConfigureAwait(false);
            try
            {
                await session.RunAsync((admin, c) => admin.DeleteConsumerGroupAsync(id, c), ct).ConfigureAwait(false);
            }
            catch (GroupNotEmptyException ex)
            {
                throw CliException.Broker($"group '{id}' has active members: stop its consumers first", ex);
            }
            Console.WriteLine($"Deleted group {id}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
