using System.Collections.Concurrent;
using Streaming;
using Streaming.Hosting;

namespace Quickstart;

/// <summary>Who handled which order, for the summary at the end.</summary>
public sealed class Tally
{
    public ConcurrentDictionary<string, ConcurrentBag<(int Partition, int Order)>> ByMember { get; } = new(StringComparer.Ordinal);

    public void Record(string member, RecordContext context, Order order)
    {
        ByMember.GetOrAdd(member, static _ => []).Add((context.Partition, order.Id));
        Console.WriteLine($"{member,-8} [{context.GroupId}] order #{order.Id,-2} for {order.Customer,-6} from {context.Topic}[{context.Partition}]@{context.Offset}");
    }
}

/// <summary>A member of the 'order-emails' group: "sends" a confirmation for each order.</summary>
public abstract class EmailSender(Tally tally, string member) : IRecordHandler<string, Order>
{
    public ValueTask HandleAsync(ConsumeResult<string, Order> record, RecordContext context)
    {
        tally.Record(member, context, record.Message.Value);
        return ValueTask.CompletedTask;
    }
}

public sealed class FirstEmailSender(Tally tally) : EmailSender(tally, "emails-1");

public sealed class SecondEmailSender(Tally tally) : EmailSender(tally, "emails-2");

/// <summary>The single member of the 'order-audit' group: sees every order.</summary>
public sealed class Auditor(Tally tally) : IRecordHandler<string, Order>
{
    public ValueTask HandleAsync(ConsumeResult<string, Order> record, RecordContext context)
    {
        tally.Record("audit", context, record.Message.Value);
        return ValueTask.CompletedTask;
    }
}
