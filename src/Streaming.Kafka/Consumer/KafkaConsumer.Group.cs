using System.Text.RegularExpressions;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>Group membership through librdkafka's subscribe, with the framework's rebalance handlers and group metadata.</summary>
internal sealed partial class KafkaConsumer<TKey, TValue>
{
    private readonly GroupMetadataRegistry _groupMetadata;
    private IReadOnlyList<string>? _subscription;

    private bool IsSubscribed => _subscription is not null;

    public string? MemberId
    {
        get
        {
            ThrowIfDisposed();
            if (_membership is not null) return _membership.MemberId;
            return string.IsNullOrEmpty(_consumer.MemberId) ? null : _consumer.MemberId;
        }
    }

    public ConsumerGroupMetadata? ConsumerGroupMetadata
    {
        get
        {
            ThrowIfDisposed();
            if (_settings.GroupId is not { } group) return null;
            if (_membership is not null && IsSubscribed) return SelfManagedGroupMetadata(group);
            var confluent = _consumer.ConsumerGroupMetadata;
            var metadata = IsSubscribed
                ? new ConsumerGroupMetadata(group, GroupMetadataReader.GenerationId(confluent) ?? -1, _consumer.MemberId ?? "", _settings.GroupInstanceId)
                : ConsumerGroupMetadata.ForGroup(group);
            _groupMetadata.Register(metadata, confluent);
            return metadata;
        }
    }

    public IReadOnlyList<string> Subscription
    {
        get
        {
            ThrowIfDisposed();
            return _subscription?.ToArray() ?? [];
        }
    }

    public void Subscribe(IEnumerable<string> topics)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(topics);
        var list = topics.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new ArgumentException("subscribe to at least one topic (use Unsubscribe to stop)", nameof(topics));
        foreach (var topic in list) ArgumentException.ThrowIfNullOrWhiteSpace(topic, nameof(topics));
        StartSubscription(list, null);
    }

    public void Subscribe(string topicOrPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicOrPattern);
        if (!topicOrPattern.StartsWith('^'))
        {
            Subscribe([topicOrPattern]);
            return;
        }
        ThrowIfDisposed();
        Regex regex;
        try
        {
            regex = new Regex(topicOrPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{topicOrPattern}' is not a valid regular expression: {ex.Message}", nameof(topicOrPattern), ex);
        }
        StartSubscription([topicOrPattern], regex);
    }

    private void StartSubscription(List<string> topics, Regex? pattern)
    {
        if (_settings.GroupId is null)
            throw new InvalidConfigurationException("Subscribe needs 'group.id': a consumer without a group can only Assign partitions");
        if (_manuallyAssigned && !IsSubscribed)
            throw new InvalidStateException("this consumer has partitions assigned by hand; Unassign before subscribing (assign and subscribe are exclusive, as in Kafka)");
        if (_membership is null)
        {
            Run(() => _consumer.Subscribe(topics), "Subscribe");
        }
        else if (pattern is not null)
        {
            _membership.Subscribe(pattern);
        }
        else
        {
            _membership.Subscribe(topics);
        }
        _subscription = topics;
    }

    public void Unsubscribe()
    {
        ThrowIfDisposed();
        if (!IsSubscribed) return;
        ReleaseUnread();
        if (_settings.EnableAutoCommit)
        {
            if (_settings.EnableAutoOffsetStore) StoreHandedOut(null);
            CommitStored(null);
        }
        if (_membership is null) Run(_consumer.Unsubscribe, "Unsubscribe");
        else LeaveSelfManagedGroup("the consumer unsubscribed");
        _subscription = null;
        _paused.Clear();
    }

    // While the assigned handler runs: the partitions being assigned and where a Seek in the handler put them.
    private Dictionary<TopicPartition, Offset>? _assigning;

    /// <summary>The partitions are the application's from here on (Kafka's order); they start where the handler sought them.</summary>
    private IEnumerable<CK.TopicPartitionOffset> OnAssigned(List<CK.TopicPartition> partitions) => AssignCore(partitions.ToStreaming(), invokeHandler: true);

    /// <summary>The partitions join the assignment, the assigned handler runs; returns where each starts (Unset: committed offset).</summary>
    private CK.TopicPartitionOffset[] AssignCore(IReadOnlyList<TopicPartition> added, bool invokeHandler)
    {
        foreach (var tp in added)
            if (!_assignment.Contains(tp)) _assignment.Add(tp);
        _assigning = added.ToDictionary(tp => tp, _ => Offset.Unset);
        try
        {
            if (invokeHandler) InvokeHandler(_setup.PartitionsAssigned, added);
            return _assigning.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value).ToConfluent()).ToArray();
        }
        finally
        {
            _assigning = null;
        }
    }

    /// <summary>Before partitions go: what was processed on them is committed (auto-commit), then the application's handler runs.</summary>
    private void OnRevoked(List<CK.TopicPartitionOffset> partitions, bool lost) => RevokeCore(partitions.ToStreaming(), lost);

    private void RevokeCore(IReadOnlyList<TopicPartition> revoked, bool lost)
    {
        if (!lost && _settings.EnableAutoCommit) CommitOnRevoke(revoked);
        try
        {
            InvokeHandler(lost ? _setup.PartitionsLost ?? _setup.PartitionsRevoked : _setup.PartitionsRevoked, revoked);
        }
        finally
        {
            foreach (var tp in revoked)
            {
                _batch.Drop(tp);
                _handedOut.Remove(tp);
                _stored.Remove(tp);
                _paused.Remove(tp);
                _seekedTo.Remove(tp);
                _assignment.Remove(tp);
            }
        }
    }

    private void InvokeHandler(Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? handler, IReadOnlyList<TopicPartition> partitions)
    {
        if (handler is null) return;
        try
        {
            handler(this, partitions);
        }
        catch (Exception ex)
        {
            throw new InvalidStateException($"the rebalance handler threw for {string.Join(", ", partitions)}: {ex.Message}", ex);
        }
    }
}
