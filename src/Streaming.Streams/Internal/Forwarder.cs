using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>Passes records to a node's children; the record's timestamp becomes the task's current one while they run.</summary>
internal sealed class Forwarder<TKey, TValue>
{
    private readonly InputNode<TKey, TValue>[] _children;
    private readonly StreamTask _task;
    private readonly string _owner;

    public Forwarder(RuntimeNode owner, StreamTask task)
    {
        _owner = owner.Name;
        _task = task;
        // Types were checked when the topology was built, so the casts hold.
        _children = [.. owner.Children.Select(c => (InputNode<TKey, TValue>)c)];
    }

    public void Forward(Record<TKey, TValue> record)
    {
        long previous = _task.CurrentTimestamp;
        _task.CurrentTimestamp = record.Timestamp;
        try
        {
            foreach (InputNode<TKey, TValue> child in _children) child.Process(record);
        }
        finally
        {
            _task.CurrentTimestamp = previous;
        }
    }

    public void Forward(Record<TKey, TValue> record, string childName)
    {
        foreach (InputNode<TKey, TValue> child in _children)
        {
            if (child.Name != childName) continue;
            long previous = _task.CurrentTimestamp;
            _task.CurrentTimestamp = record.Timestamp;
            try
            {
                child.Process(record);
            }
            finally
            {
                _task.CurrentTimestamp = previous;
            }
            return;
        }
        throw new StreamsException($"processor '{_owner}' has no child named '{childName}'");
    }
}
