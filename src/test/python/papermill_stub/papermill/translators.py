"""Stand-in for papermill.translators: the registry and a base class with papermill's entry points."""


class PapermillTranslators:
    def __init__(self):
        self._translators = {}

    def register(self, language, translator):
        self._translators[language] = translator

    def find_translator(self, kernel_name, language):
        if kernel_name in self._translators:
            return self._translators[kernel_name]
        return self._translators[language]


class Translator:
    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        raise NotImplementedError

    @classmethod
    def inspect(cls, parameters_cell):
        raise NotImplementedError


papermill_translators = PapermillTranslators()


def translate_parameters(kernel_name, language, parameters, comment="Parameters"):
    return papermill_translators.find_translator(kernel_name, language).codify(parameters, comment)
