using Streaming.Kafka;

namespace Streaming.Cli.Internal;

/// <summary>A reachable broker, the Kafka transport to it and an admin client, with the request timeout applied to every call.</summary>
internal sealed class BrokerSession : IDisposable
{
    private BrokerSession(string bootstrapServers, TimeSpan timeout)
    {
        BootstrapServers = bootstrapServers;
        Timeout = timeout;
        Transport = new KafkaTransport(new KafkaTransportOptions { BootstrapServers = bootstrapServers });
        Admin = Transport.CreateAdminClient(new AdminClientConfig { ClientId = "streaming-cli" });
    }

    public string BootstrapServers { get; }

    public TimeSpan Timeout { get; }

    public KafkaTransport Transport { get; }

    public IAdminClient Admin { get; }

    public static async Task<BrokerSession> ConnectAsync(string bootstrapServers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await BrokerProbe.EnsureReachableAsync(bootstrapServers, timeout, cancellationToken).ConfigureAwait(false);
        return new BrokerSession(bootstrapServers, timeout);
    }

    /// <summary>Runs an admin call, failing with a message naming the broker when it does not answer in time.</summary>
    public async Task<T> RunAsync<T>(Func<IAdminClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(Admin, cancellationToken).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (System.TimeoutException ex)
        {
            throw CliException.Broker($"broker at {BootstrapServers} did not answer within {Timeout.TotalMilliseconds:F0} ms (--timeout-ms)", ex);
        }
    }

    /// <summary>Runs an admin call that returns nothing.</summary>
    public Task RunAsync(Func<IAdminClient, CancellationToken, Task> call, CancellationToken cancellationToken)
        => RunAsync(async (admin, ct) =>
        {
            await call(admin, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Fails with "unknown topic 'NAME'" when the broker does not have the topic.</summary>
    public async Task RequireTopicAsync(string topic, CancellationToken cancellationToken)
    {
        var topics = await RunAsync((admin, ct) => admin.ListTopicsAsync(includeInternal: true, ct), cancellationToken).ConfigureAwait(false);
        if (!topics.Contains(topic, StringComparer.Ordinal)) throw CliException.Broker($"unknown topic '{topic}'");
    }

    /// <summary>Fails with "unknown group 'NAME'" when the broker knows no such consumer group.</summary>
    public async Task RequireGroupAsync(string group, CancellationToken cancellationToken)
    {
        var groups = await RunAsync((admin, ct) => admin.ListConsumerGroupsAsync(ct), cancellationToken).ConfigureAwait(false);
        if (!groups.Any(g => g.GroupId == group)) throw CliException.Broker($"unknown group '{group}'");
    }

    public void Dispose() => Admin.Dispose();
}
