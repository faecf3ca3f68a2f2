using System.CommandLine;
using Streaming.Broker;
using Streaming.Broker.Protocol;
using Streaming.Cli.Internal;

namespace Streaming.Cli.Commands;

/// <summary>`streaming broker`: the embedded broker as a standalone Kafka-protocol server.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory of the broker's logs and state", DefaultValueFactory = _ => "streaming-data" };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on (port 0: a free one)", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var advertised = new Option<string?>("--advertised-listener") { Description = "HOST:PORT clients are told to connect to (default: the bound address)" };
        var configs = new Option<string[]>("--config") { Description = "A broker config KEY=VALUE (repeatable), e.g. num.partitions=3; see 'Broker configs' in the README", AllowMultipleArgumentsPerToken = false };
        var configFile = new Option<FileInfo?>("--config-file") { Description = "A server.properties-style file of broker configs (KEY=VALUE lines, # comments); --config wins over it" };
        listen.Validators.Add(r => { if (HostPort.TryParse(r.GetValueOrDefault<string>(), out string? error) is null) r.AddError($"--listen {error}"); });
        advertised.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && HostPort.TryParse(value, out string? error) is null) r.AddError($"--advertised-listener {error}");
        });
        configFile.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } file) r.AddError($"--config-file '{file.FullName}' does not exist");
        });
        var command = new Command("broker", "Runs the embedded broker as a Kafka-protocol server; first line 'listening on HOST:PORT'; stops cleanly on Ctrl+C or SIGTERM")
        {
            dataDir, listen, advertised, configs, configFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new List<KeyValuePair<string, string>>();
            if (parse.GetValue(configFile) is { } file) settings.AddRange(BrokerConfigs.ReadFile(file.FullName));
            settings.AddRange(KeyValueArgument.Parse(parse.GetValue(configs), "--config"));
            var listenAt = HostPort.TryParse(parse.GetValue(listen)!, out _)!.Value;
            HostPort? advertisedAt = parse.GetValue(advertised) is { } a ? HostPort.TryParse(a, out _) : null;
            var brokerOptions = new EmbeddedBrokerOptions { DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!) };
            var listenerOptions = new KafkaListenerOptions
            {
                Host = listenAt.Host,
                Port = listenAt.Port,
                AdvertisedHost = advertisedAt?.Host,
                AdvertisedPort = advertisedAt?.Port,
            };
            BrokerConfigs.Apply(settings, brokerOptions, listenerOptions);
            await BrokerHost.RunAsync(brokerOptions, listenerOptions, Console.Out, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
