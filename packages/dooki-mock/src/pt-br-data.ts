// Word lists for realistic Brazilian customers. Each name carries an ASCII form for e-mails,
// precomputed once so generating a customer never normalises Unicode.

const ascii = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

const withAscii = (names: readonly string[]): ReadonlyArray<readonly [string, string]> =>
  names.map((name) => [name, ascii(name)] as const);

// prettier-ignore
export const FIRST_NAMES = withAscii([
  'Ana', 'Maria', 'Júlia', 'Beatriz', 'Larissa', 'Camila', 'Fernanda', 'Gabriela', 'Letícia',
  'Mariana', 'Patrícia', 'Aline', 'Bruna', 'Juliana', 'Vitória', 'Isabela', 'Luana', 'Débora',
  'Renata', 'Tatiane', 'Sofia', 'Helena', 'Lúcia', 'Cláudia', 'Rafaela', 'João', 'José', 'Pedro',
  'Lucas', 'Gabriel', 'Rafael', 'Matheus', 'Guilherme', 'Felipe', 'Gustavo', 'Bruno', 'Thiago',
  'Rodrigo', 'André', 'Carlos', 'Marcos', 'Paulo', 'Leonardo', 'Vinícius', 'Eduardo', 'Diego',
  'Caio', 'Luiz', 'Antônio', 'Otávio', 'Samuel', 'Heitor', 'Enzo', 'Davi', 'Márcio',
]);

// prettier-ignore
export const LAST_NAMES = withAscii([
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
  'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes',
  'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques',
  'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira',
  'Araújo', 'Monteiro', 'Batista', 'Correia', 'Moura', 'Cavalcanti', 'Brandão', 'Figueiredo',
]);

// prettier-ignore
/** City, UF and the city's telephone area code (DDD). */
export const CITIES: ReadonlyArray<readonly [city: string, uf: string, ddd: string]> = [
  ['São Paulo', 'SP', '11'], ['Guarulhos', 'SP', '11'], ['Santos', 'SP', '13'],
  ['Sorocaba', 'SP', '15'], ['Ribeirão Preto', 'SP', '16'], ['São Carlos', 'SP', '16'],
  ['Campinas', 'SP', '19'], ['Rio de Janeiro', 'RJ', '21'], ['Niterói', 'RJ', '21'],
  ['Vitória', 'ES', '27'], ['Belo Horizonte', 'MG', '31'], ['Juiz de Fora', 'MG', '32'],
  ['Uberlândia', 'MG', '34'], ['Curitiba', 'PR', '41'], ['Londrina', 'PR', '43'],
  ['Joinville', 'SC', '47'], ['Florianópolis', 'SC', '48'], ['Porto Alegre', 'RS', '51'],
  ['Caxias do Sul', 'RS', '54'], ['Brasília', 'DF', '61'], ['Goiânia', 'GO', '62'],
  ['Cuiabá', 'MT', '65'], ['Campo Grande', 'MS', '67'], ['Salvador', 'BA', '71'],
  ['Feira de Santana', 'BA', '75'], ['Aracaju', 'SE', '79'], ['Recife', 'PE', '81'],
  ['Maceió', 'AL', '82'], ['João Pessoa', 'PB', '83'], ['Natal', 'RN', '84'],
  ['Fortaleza', 'CE', '85'], ['Teresina', 'PI', '86'], ['Belém', 'PA', '91'],
  ['Manaus', 'AM', '92'], ['São Luís', 'MA', '98'], ['Porto Velho', 'RO', '69'],
];

// prettier-ignore
export const STREETS = [
  'Rua das Flores', 'Avenida Brasil', 'Rua XV de Novembro', 'Rua Sete de Setembro',
  'Avenida Paulista', 'Rua São João', 'Rua Dom Pedro II', 'Avenida Getúlio Vargas',
  'Rua Tiradentes', 'Rua Santos Dumont', 'Avenida Rio Branco', 'Rua Marechal Deodoro',
  'Rua Barão do Rio Branco', 'Avenida Independência', 'Rua das Palmeiras', 'Rua Bahia',
  'Rua José Bonifácio', 'Avenida Santo Amaro', 'Rua Voluntários da Pátria', 'Rua do Comércio',
];

// prettier-ignore
export const NEIGHBORHOODS = [
  'Centro', 'Jardim América', 'Vila Mariana', 'Boa Vista', 'Santa Cecília', 'Jardim Paulista',
  'Vila Nova', 'Bela Vista', 'Cidade Jardim', 'Jardim Europa', 'Santo Antônio', 'São José',
  'Parque São Jorge', 'Vila Industrial', 'Jardim das Acácias', 'Consolação', 'Botafogo',
];

export const COMPLEMENTS = ['Apto 12', 'Apto 304', 'Casa 2', 'Bloco B', 'Fundos', 'Sala 5'];

// prettier-ignore
export const BRANDS = [
  'Havaianas', 'Natura', 'O Boticário', 'Reserva', 'Farm', 'Osklen', 'Melissa', 'Arezzo',
  'Hering', 'Track&Field', 'Granado', 'Tramontina', 'Olympikus', 'Colcci', 'Eudora',
];

// prettier-ignore
export const CATEGORIES = [
  'Calçados', 'Roupas', 'Acessórios', 'Perfumaria', 'Maquiagem', 'Casa', 'Cozinha',
  'Esporte', 'Infantil', 'Bolsas', 'Cuidados com a pele', 'Cabelos',
];

// prettier-ignore
export const EMAIL_DOMAINS = [
  'gmail.com', 'gmail.com', 'gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br',
  'uol.com.br', 'bol.com.br', 'icloud.com', 'terra.com.br',
];

export const SOCIAL_DRIVERS = ['google', 'facebook'];
export const UTM_SOURCES = ['google', 'facebook', 'instagram', 'email', 'tiktok', 'whatsapp'];
export const UTM_CAMPAIGNS = [
  'black-friday',
  'dia-das-maes',
  'natal',
  'frete-gratis',
  'lancamento',
];

export const NOTES = [
  'Prefere entrega pela manhã.',
  'Cliente atacadista, pedir nota fiscal.',
  'Entregar na portaria.',
  'Já solicitou troca de tamanho.',
];

export const COMPANY_SUFFIXES = ['Comércio Ltda', 'Distribuidora ME', 'Representações EIRELI'];

/** First octets of common Brazilian consumer-ISP IPv4 blocks. */
export const IP_PREFIXES = [177, 179, 186, 187, 189, 191, 200, 201];

// prettier-ignore
export const CLUSTER_NAMES = [
  'VIP', 'Atacado', 'Revendedores', 'Clientes recorrentes', 'Black Friday', 'Inativos 90 dias',
  'Primeira compra', 'Funcionários',
];
