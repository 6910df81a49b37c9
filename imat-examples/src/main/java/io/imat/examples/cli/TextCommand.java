package io.imat.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imat text}: the URL text model (train, predict) and the leak report. */
@Command(
    name = "text",
    mixinStandardHelpOptions = true,
    description = {
      "The URL text model: image URLs often name the attributes (.../dress-midi-10.jpg), and for"
          + " pictures that are gone the URL is all that is left.",
      "Train it, predict with it, or measure how much each task leaks."
    },
    subcommands = {TextTrainCommand.class, TextPredictCommand.class, TextLeakCommand.class})
final class TextCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a text command: " + spec.subcommands().keySet());
  }
}
