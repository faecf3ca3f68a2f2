using System.Buffers;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Messages;
using AbortedTransaction = Streaming.Broker.Log.AbortedTransaction;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// Fetch: the stored batch bytes of each partition, as written (never re-encoded), up to the high watermark — or the last
/// stable offset with the aborted transactions for read_committed — within the request's byte limits. Long-polls: when
/// less than <c>min.bytes</c> is there, it waits up to <c>max.wait.ms</c> and is woken by the first append.
/// </summary>
internal static class FetchHandler
{
    private const short FetchSessionIdNotFound = 70;

    public static async ValueTask<KafkaResponse?> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<FetchRequest>(context, body);
        bool byId = context.Version >= 13;
        if (request.SessionId != 0 || request.SessionEpoch > 0)
        {
            // This broker keeps no fetch sessions (KIP-227): it answers every full fetch with session id 0 ("none"), so a
            // client only names a session it was never given.
            return KafkaResponse.Of(context, new FetchResponse { ErrorCode = FetchSessionIdNotFound });
        }
        var plan = Plan(context.Broker, request, byId);
        bool readCommitted = request.IsolationLevel == 1;
        long deadline = Environment.TickCount64 + Math.Max(0, request.MaxWaitMs);
        var read = Read(plan, request, readCommitted);
        while (read.Bytes < request.MinBytes && !read.HasErrors && Environment.TickCount64 < deadline)
        {
            using (var waiter = new AppendWaiter(plan))
            {
                // Look again once registered: an append between the read and the registration would not wake us.
                if (!waiter.DataMayHaveArrived(plan, read))
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) break;
                    await waiter.WaitAsync(TimeSpan.FromMilliseconds(left)).ConfigureAwait(false);
                }
            }
            read.Dispose();
            read = Read(plan, request, readCommitted);
        }
        return KafkaResponse.Of(context, read.ToResponse(plan, byId), read);
    }

    /// <summary>The partitions asked for, resolved to their logs (or to an error).</summary>
    private static List<PlannedPartition> Plan(EmbeddedBroker broker, FetchRequest request, bool byId)
    {
        var plan = new List<PlannedPartition>();
        foreach (var topic in request.Topics)
        {
            Topic? resolved = byId
                ? broker.Topics.All.FirstOrDefault(t => t.Id == topic.TopicId)
                : broker.Topics.TryGet(topic.Topic, out var named) ? named : null;
            foreach (var partition in topic.Partitions)
            {
                PartitionLog? log = resolved is not null && (uint)partition.Partition < (uint)resolved.Partitions.Length ? resolved.Partitions[partition.Partition] : null;
                short error = log is not null ? (short)0 : (short)(byId && resolved is null ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition);
                plan.Add(new PlannedPartition(topic, partition, log, error));
            }
        }
        return plan;
    }

    private static FetchRead Read(List<PlannedPartition> plan, FetchRequest request, bool readCommitted)
    {
        var read = new FetchRead(plan.Count);
        long budget = request.MaxBytes > 0 ? request.MaxBytes : int.MaxValue;
        for (int i = 0; i < plan.Count; i++)
        {
            var planned = plan[i];
            var result = new PartitionRead { Error = planned.Error };
            read.Partitions[i] = result;
            if (planned.Log is not { } log) continue;
            long offset = planned.Partition.FetchOffset;
            long maxOffset = readCommitted ? log.LastStableOffset : long.MaxValue;
            int limit = (int)Math.Min(Math.Max(0, planned.Partition.PartitionMaxBytes), budget);
            try
            {
                while (limit > 0 || read.Bytes == 0)
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(limit, 1));
                    var outcome = log.Read(offset, buffer.AsSpan(0, Math.Max(limit, 0)), maxOffset);
                    result.HighWatermark = outcome.HighWatermark;
                    result.LogStartOffset = outcome.LogStartOffset;
                    if (outcome.Error != ErrorCode.None || outcome.BytesRead == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        if (outcome.Error != ErrorCode.None) result.Error = (short)outcome.Error;
                        // Kafka returns at least one whole batch, however large, while the response is still empty (KIP-74).
                        if (outcome.RequiredSize > 0 && read.Bytes == 0 && outcome.RequiredSize <= request.MaxBytes)
                        {
                            limit = outcome.RequiredSize;
                            continue;
                        }
                        break;
                    }
                    read.Own(buffer);
                    result.Records = buffer.AsMemory(0, outcome.BytesRead);
                    read.Bytes += outcome.BytesRead;
                    budget -= outcome.BytesRead;
                    break;
                }
            }
            catch (StreamingException ex)
            {
                result.Error = ErrorCodes.From(ex);
            }
            result.LastStableOffset = log.LastStableOffset;
            if (result.Error == 0 && result.HighWatermark == 0) result.HighWatermark = log.LogEndOffset;
            if (readCommitted && result.Records.Length > 0)
            {
                var aborted = new List<AbortedTransaction>();
                log.CollectAbortedTransactions(offset, maxOffset, aborted);
                result.Aborted = aborted;
            }
            if (result.Error != 0) read.HasErrors = true;
        }
        return read;
    }

    private sealed record PlannedPartition(FetchTopic Topic, FetchPartition Partition, PartitionLog? Log, short Error);

    private sealed class PartitionRead
    {
        public short Error;
        public long HighWatermark;
        public long LastStableOffset = -1;
        public long LogStartOffset = -1;
        public ReadOnlyMemory<byte> Records = ReadOnlyMemory<byte>.Empty;
        public List<AbortedTransaction>? Aborted;
    }

    /// <summary>What one pass read; owns the pooled buffers until the response is written.</summary>
    private sealed class FetchRead(int count) : IDisposable
    {
        private readonly List<byte[]> _buffers = [];

        public PartitionRead[] Partitions { get; } = new PartitionRead[count];

        public long Bytes { get; set; }

        public bool HasErrors { get; set; }

        public void Own(byte[] buffer) => _buffers.Add(buffer);

        public FetchResponse ToResponse(List<PlannedPartition> plan, bool byId)
        {
            var response = new FetchResponse();
            FetchableTopicResponse? current = null;
            for (int i = 0; i < plan.Count; i++)
            {
                var planned = plan[i];
                if (current is null || !ReferenceEquals(plan[i - 1].Topic, planned.Topic))
                {
                    current = new FetchableTopicResponse { Topic = byId ? "" : planned.Topic.Topic, TopicId = planned.Topic.TopicId };
                    response.Responses.Add(current);
                }
                var read = Partitions[i];
                current.Partitions.Add(new FetchPartitionData
                {
                    PartitionIndex = planned.Partition.Partition,
                    ErrorCode = read.Error,
                    HighWatermark = read.HighWatermark,
                    LastStableOffset = read.LastStableOffset,
                    LogStartOffset = read.LogStartOffset,
                    AbortedTransactions = read.Aborted?.Select(a => new Streaming.Protocol.Messages.AbortedTransaction { ProducerId = a.ProducerId, FirstOffset = a.FirstOffset }).ToList(),
                    Records = read.Records,
                });
            }
            return response;
        }

        public void Dispose()
        {
            foreach (var buffer in _buffers) ArrayPool<byte>.Shared.Return(buffer);
            _buffers.Clear();
        }
    }

    /// <summary>Wakes a waiting fetch at the first append (or marker) on any of its partitions.</summary>
    private sealed class AppendWaiter : IAppendListener, IDisposable
    {
        private readonly TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<PartitionLog> _logs = [];

        public AppendWaiter(List<PlannedPartition> plan)
        {
            foreach (var planned in plan)
            {
                if (planned.Log is null || _logs.Contains(planned.Log)) continue;
                planned.Log.AddListener(this);
                _logs.Add(planned.Log);
            }
        }

        /// <summary>True when a partition moved on since <paramref name="read"/> (its end or last stable offset changed).</summary>
        public bool DataMayHaveArrived(List<PlannedPartition> plan, FetchRead read)
        {
            for (int i = 0; i < plan.Count; i++)
            {
                if (plan[i].Log is not { } log) continue;
                if (log.LogEndOffset != read.Partitions[i].HighWatermark || log.LastStableOffset != read.Partitions[i].LastStableOffset) return true;
            }
            return false;
        }

        public Task WaitAsync(TimeSpan timeout) => _appended.Task.WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Default);

        public void OnAppend(PartitionLog log) => _appended.TrySetResult();

        public void Dispose()
        {
            foreach (var log in _logs) log.RemoveListener(this);
        }
    }
}
