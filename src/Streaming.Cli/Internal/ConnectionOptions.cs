using System.CommandLine;

namespace Streaming.Cli.Internal;

/// <summary>The options every command that talks to a broker has: where it is and how long to wait for it.</summary>
internal sealed class ConnectionOptions
{
    public const string DefaultBootstrapServer = "localhost:9092";

    public ConnectionOptions(params string[] bootstrapAliases)
    {
        BootstrapServer = new Option<string>("--bootstrap-server", bootstrapAliases)
        {
            Description = "The Kafka-protocol broker(s) to connect to, HOST:PORT[,HOST:PORT…]",
            DefaultValueFactory = _ => DefaultBootstrapServer,
        };
        BootstrapServer.Validators.Add(r =>
        {
            string value = r.GetValueOrDefault<string>();
            foreach (string server in value.Split(',', StringSplitOptions.TrimEntries))
                if (HostPort.TryParse(server, out string? error) is null) r.AddError($"--bootstrap-server {error}");
        });
        TimeoutMs = new Option<int>("--timeout-ms")
        {
            Description = "How long to wait for the broker to accept a connection and answer a request, in ms",
            DefaultValueFactory = _ => 5000,
        };
        TimeoutMs.Check(v => v is < 1 or > 600_000 ? $"--timeout-ms must be between 1 and 600000, got {v}" : null);
    }

    public Option<string> BootstrapServer { get; }

    public Option<int> TimeoutMs { get; }

    public void AddTo(Command command)
    {
        command.Add(BootstrapServer);
        command.Add(TimeoutMs);
    }

    /// <summary>Checks that the broker answers, then opens a session with it.</summary>
    public Task<BrokerSession> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
        => BrokerSession.ConnectAsync(parse.GetValue(BootstrapServer)!, TimeSpan.FromMilliseconds(parse.GetValue(TimeoutMs)), cancellationToken);
}
