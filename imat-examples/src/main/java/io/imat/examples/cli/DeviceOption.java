package io.imat.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.imat.models.train.TrainingRun;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --device cpu|gpu[:N]}: where a network trains or predicts. CPU is the default; a GPU must
 * be visible to PyTorch, which needs CUDA natives (the CLI ships CPU ones; the README says how to
 * swap them).
 */
final class DeviceOption {
  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "cpu|gpu[:N]",
      description = "Device to run the network on (default: ${DEFAULT-VALUE}).")
  String device;

  /**
   * The device named.
   *
   * @throws CliException (usage) for a malformed name, (failure) for a GPU PyTorch does not see
   */
  Device device() {
    String s = device.strip().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    if (!s.matches("gpu(:\\d+)?")) {
      throw CliException.usage("--device must be cpu, gpu or gpu:N, got '" + device + "'");
    }
    int id = s.contains(":") ? Integer.parseInt(s.substring(4)) : 0;
    int gpus = Engine.getEngine(TrainingRun.ENGINE).getGpuCount();
    if (id >= gpus) {
      throw CliException.failure(
          String.format(
              "--device %s: PyTorch sees %d GPU%s (the CLI ships CPU natives; CUDA ones are"
                  + " ai.djl.pytorch:pytorch-native-cu121, see the README)",
              device, gpus, gpus == 1 ? "" : "s"));
    }
    return Device.gpu(id);
  }
}
