using System.Diagnostics;

namespace Streaming.Cli.Internal;

/// <summary>Turns lines into records (key separator, fixed headers) and sends them, plainly or in transactions.</summary>
internal sealed class ConsoleRecordWriter(IProducer<string, string> producer, string topic, string? keySeparator, IReadOnlyList<KeyValuePair<string, string>> headers)
{
    private StreamingException? _firstError;

    /// <summary>Sends every line until the end of input or Ctrl+C, then flushes; fails with the first delivery error.</summary>
    public async Task SendAllAsync(LineSource lines, CancellationToken stop)
    {
        try
        {
            while (await lines.NextAsync(null, stop).ConfigureAwait(false) is { Line: { } line })
            {
                producer.Produce(topic, ToMessage(line), report =>
                {
                    if (report.Error is { } error) Interlocked.CompareExchange(ref _firstError, error, null);
                });
                ThrowIfFailed();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        producer.Flush(CancellationToken.None);
        ThrowIfFailed();
    }

    /// <summary>
    /// Sends lines in transactions of at most <paramref name="maxLines"/> lines or <paramref name="maxOpen"/> of time,
    /// whichever comes first; the last one is committed at the end of input or on Ctrl+C.
    /// </summary>
    public async Task SendInTransactionsAsync(LineSource lines, int maxLines, TimeSpan maxOpen, TimeSpan timeout, CancellationToken stop)
    {
        producer.InitTransactions(timeout);
        int open = 0;
        long openedAt = 0;
        try
        {
            while (true)
            {
                TimeSpan? wait = open == 0 ? null : maxOpen - Stopwatch.GetElapsedTime(openedAt);
                if (wait is { } w && w <= TimeSpan.Zero)
                {
                    producer.CommitTransaction(timeout);
                    open = 0;
                    continue;
                }
                var (line, timedOut) = await lines.NextAsync(wait, stop).ConfigureAwait(false);
                if (timedOut) continue;
                if (line is null) break;
                if (open == 0)
                {
                    producer.BeginTransaction();
                    openedAt = Stopwatch.GetTimestamp();
                }
                producer.Produce(topic, ToMessage(line));
                if (++open >= maxLines)
                {
                    producer.CommitTransaction(timeout);
                    open = 0;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        if (open > 0) producer.CommitTransaction(timeout);
    }

    private Message<string, string> ToMessage(string line)
    {
        var message = new Message<string, string> { Key = null!, Value = line };
        if (keySeparator is not null)
        {
            int at = line.IndexOf(keySeparator, StringComparison.Ordinal);
            if (at >= 0)
            {
                message.Key = line[..at];
                message.Value = line[(at + keySeparator.Length)..];
            }
        }
        if (headers.Count > 0)
        {
            message.Headers = new Headers();
            foreach (var (key, value) in headers) message.Headers.Add(key, value);
        }
        return message;
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _firstError) is { } error) throw CliException.Broker($"producing to topic '{topic}' failed: {error.Message}", error);
    }
}
